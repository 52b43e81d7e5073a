package io.github.vodhls.core.video;

import java.util.Optional;

/**
 * Port to the registry that binds each video to its one data-key ciphertext. A registration never changes once
 * made (a conditional write), so readers may cache it.
 */
public interface VideoKeyRegistry {

    /** The key registered for the video, if any. */
    Optional<VideoKey> find(String videoId);

    /**
     * Registers the key unless the video already has one; returns the key that is registered afterwards (the
     * existing one when another caller won the race). Atomic across instances.
     */
    VideoKey registerIfAbsent(VideoKey key);
}
