package io.github.vodhls.core.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.ErrorKind;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The behaviour every {@link Transcoder} must have. Each implementation's test extends this class.
 *
 * <p>The contract: an accepted submission starts exactly one job for that video (and none for another) and returns
 * its job id, a different one per job; a second submission for the same video starts a second job (the port is not
 * idempotent: that is why core calls it at most once per video); a submission without a video id, ciphertext or key
 * URI is refused and starts nothing; and when the transcoding service cannot take the job the failure is a
 * {@link DependencyUnavailableException} of a 503 code, so the upload callback answers 5xx and is retried, with no
 * job started and no ciphertext in the message. {@link Transcoder#findSubmitted} finds the job a submission started
 * for that video, and none for a video without one.
 */
public abstract class TranscoderContract {

    /** A transcoder whose service takes jobs (unless {@link #acceptsJobs()} says it never does). */
    protected abstract Transcoder transcoder();

    /** A ciphertext the transcoder's key service can unwrap: a new video's data key. */
    protected abstract String ciphertext();

    /** The video ids of the jobs the service has started for this test so far, oldest first. */
    protected abstract List<String> jobsStarted();

    /** A transcoder whose service cannot take a job now. */
    protected abstract Transcoder unavailableTranscoder();

    /** The 503 code {@link #unavailableTranscoder()} fails with. */
    protected abstract ErrorCode unavailableCode();

    /**
     * False for a transcoder that never takes a job (the local stack on a machine where ffmpeg cannot run): the
     * accepting half of the contract does not apply, the failing half does.
     */
    protected boolean acceptsJobs() {
        return true;
    }

    /** What a transcoder that never takes a job does instead: refuses it as unavailable, and starts nothing. */
    private void assertNeverTakesAJob() {
        String ciphertext = ciphertext();
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> transcoder().submitEncrypted(newVideoId(), ciphertext, keyUriFor(ciphertext)));
        assertEquals(unavailableCode(), e.errorCode());
        assertEquals(List.of(), jobsStarted());
    }

    protected static String newVideoId() {
        return "video-" + UUID.randomUUID().toString().replace("-", "");
    }

    protected static String keyUriFor(String ciphertext) {
        return "https://keys.example.com/decrypt?Ciphertext=" + URLEncoder.encode(ciphertext, StandardCharsets.UTF_8);
    }

    @Test
    void submitEncrypted_whenAccepted_startsOneJobForThatVideoAndReturnsItsId() {
        if (!acceptsJobs()) {
            assertNeverTakesAJob();
            return;
        }
        String video = newVideoId();
        String ciphertext = ciphertext();

        String jobId = transcoder().submitEncrypted(video, ciphertext, keyUriFor(ciphertext));

        assertNotNull(jobId);
        assertFalse(jobId.isBlank(), "the service reported a job id");
        assertFalse(jobId.contains(ciphertext), "the job id is not the key");
        assertEquals(List.of(video), jobsStarted());
    }

    @Test
    void submitEncrypted_forTwoVideos_startsAJobForEachWithDifferentIds() {
        if (!acceptsJobs()) {
            assertNeverTakesAJob();
            return;
        }
        String first = newVideoId();
        String second = newVideoId();
        Transcoder transcoder = transcoder();
        String ciphertextA = ciphertext();
        String ciphertextB = ciphertext();

        String a = transcoder.submitEncrypted(first, ciphertextA, keyUriFor(ciphertextA));
        String b = transcoder.submitEncrypted(second, ciphertextB, keyUriFor(ciphertextB));

        assertNotEquals(a, b);
        assertEquals(List.of(first, second), jobsStarted());
    }

    @Test
    void submitEncrypted_twiceForOneVideo_startsTwoJobs_soCoreMustCallItOnlyOnce() {
        if (!acceptsJobs()) {
            assertNeverTakesAJob();
            return;
        }
        String video = newVideoId();
        Transcoder transcoder = transcoder();
        String ciphertext = ciphertext();

        String first = transcoder.submitEncrypted(video, ciphertext, keyUriFor(ciphertext));
        String second = transcoder.submitEncrypted(video, ciphertext, keyUriFor(ciphertext));

        assertNotEquals(first, second);
        assertEquals(List.of(video, video), jobsStarted());
    }

    @Test
    void submitEncrypted_withoutVideoIdCiphertextOrKeyUri_isRefusedAndStartsNoJob() {
        Transcoder transcoder = transcoder();
        String video = newVideoId();
        String ciphertext = ciphertext();
        String uri = keyUriFor(ciphertext);
        List<Executable> incomplete = List.of(
                () -> transcoder.submitEncrypted(null, ciphertext, uri),
                () -> transcoder.submitEncrypted(" ", ciphertext, uri),
                () -> transcoder.submitEncrypted(video, null, uri),
                () -> transcoder.submitEncrypted(video, "", uri),
                () -> transcoder.submitEncrypted(video, ciphertext, null),
                () -> transcoder.submitEncrypted(video, ciphertext, " "));

        for (Executable submission : incomplete) {
            assertThrows(RuntimeException.class, submission);
        }

        assertEquals(List.of(), jobsStarted());
    }

    @Test
    void submitEncrypted_whenTheServiceCannotTakeTheJob_isDependencyUnavailableWithoutTheCiphertext() {
        String video = newVideoId();
        String ciphertext = ciphertext();
        Transcoder unavailable = unavailableTranscoder();

        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> unavailable.submitEncrypted(video, ciphertext, keyUriFor(ciphertext)));

        assertEquals(unavailableCode(), e.errorCode());
        assertEquals(ErrorKind.UNAVAILABLE, e.errorCode().kind(), "503: the upload callback answers 5xx, VOD retries");
        assertFalse(String.valueOf(e.getMessage()).contains(ciphertext), e.getMessage());
        assertEquals(List.of(), jobsStarted());
    }

    @Test
    void findSubmitted_whenNothingWasSubmitted_isEmpty() {
        assertEquals(java.util.Optional.empty(), transcoder().findSubmitted(newVideoId()));
    }

    @Test
    void findSubmitted_afterASubmission_findsAJobForThatVideoOnly() {
        if (!acceptsJobs()) {
            assertNeverTakesAJob();
            return;
        }
        String video = newVideoId();
        String other = newVideoId();
        Transcoder transcoder = transcoder();
        String ciphertext = ciphertext();
        transcoder.submitEncrypted(video, ciphertext, keyUriFor(ciphertext));

        String found = transcoder.findSubmitted(video).orElseThrow();

        assertFalse(found.isBlank());
        assertFalse(found.contains(ciphertext), "the job id is not the key");
        assertEquals(java.util.Optional.empty(), transcoder.findSubmitted(other));
    }
}
