package io.github.vodhls.testing;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.video.Transcoder;
import io.github.vodhls.core.video.UploadStatus;
import io.github.vodhls.core.video.VideoCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * ApsaraVideo VOD in memory, as the upload callback sees it: a {@link VideoCatalog} in which every video is uploaded
 * unless told otherwise ({@link #upload}, {@link #forget}), and a {@link Transcoder} that records each job it takes
 * ({@code videoId decryptKeyUri}) and lists them back like {@code ListTranscodeTask}. It fails when told to: refuse
 * the next submissions for certain ({@link #refuseSubmissions}), take the next job but lose the answer
 * ({@link #loseNextAnswer}: {@code VOD_OUTCOME_UNKNOWN}), or be unreachable for lookups ({@link #failLookups}).
 */
public final class FakeVod implements Transcoder, VideoCatalog {
    private final Map<String, UploadStatus> uploads = new ConcurrentHashMap<>();
    private final List<String> jobs = new CopyOnWriteArrayList<>();
    private final Map<String, String> jobIdByVideo = new ConcurrentHashMap<>();
    private final List<String> catalogQueries = new CopyOnWriteArrayList<>();
    private final AtomicReference<RuntimeException> submitFailure = new AtomicReference<>();
    private final AtomicReference<RuntimeException> catalogFailure = new AtomicReference<>();
    private final AtomicReference<RuntimeException> lookupFailure = new AtomicReference<>();
    private volatile boolean loseNextAnswer;

    /** The video's upload is in this state from now on. */
    public FakeVod upload(String videoId, UploadStatus.State state) {
        uploads.put(videoId, UploadStatus.of(state, "Mezzanine.Status=" + state));
        return this;
    }

    /** VOD knows no such video (InvalidVideo.NotFound). */
    public FakeVod forget(String videoId) {
        uploads.put(videoId, UploadStatus.of(UploadStatus.State.UNKNOWN_VIDEO, "InvalidVideo.NotFound"));
        return this;
    }

    /** Every submission throws {@code failure} (null: they work again). */
    public void refuseSubmissions(RuntimeException failure) {
        submitFailure.set(failure);
    }

    /** The next submission is taken, but its answer is lost: {@code VOD_OUTCOME_UNKNOWN}. */
    public void loseNextAnswer() {
        loseNextAnswer = true;
    }

    /** Every catalog question throws {@code failure} (null: they work again). */
    public void failCatalog(RuntimeException failure) {
        catalogFailure.set(failure);
    }

    /** Every job lookup throws {@code failure} (null: they work again). */
    public void failLookups(RuntimeException failure) {
        lookupFailure.set(failure);
    }

    /** {@code videoId decryptKeyUri} of every job taken, oldest first. */
    public List<String> jobs() {
        return new ArrayList<>(jobs);
    }

    /** The videos of every job taken, oldest first. */
    public List<String> jobVideos() {
        List<String> videos = new ArrayList<>();
        for (String job : jobs) {
            videos.add(job.substring(0, job.indexOf(' ')));
        }
        return videos;
    }

    /** The videos the catalog was asked about, oldest first. */
    public List<String> catalogQueries() {
        return new ArrayList<>(catalogQueries);
    }

    @Override
    public UploadStatus uploadStatus(String videoId) {
        catalogQueries.add(videoId);
        RuntimeException failure = catalogFailure.get();
        if (failure != null) {
            throw failure;
        }
        return uploads.getOrDefault(videoId, UploadStatus.of(UploadStatus.State.COMPLETE, "Mezzanine.Status=Normal"));
    }

    @Override
    public String submitEncrypted(String videoId, String ciphertext, String decryptKeyUri) {
        RuntimeException failure = submitFailure.get();
        if (failure != null) {
            throw failure;
        }
        jobs.add(videoId + " " + decryptKeyUri);
        String jobId = "job-" + jobs.size();
        jobIdByVideo.putIfAbsent(videoId, jobId);
        if (loseNextAnswer) {
            loseNextAnswer = false;
            throw new DependencyUnavailableException(ErrorCode.VOD_OUTCOME_UNKNOWN,
                    "VOD SubmitTranscodeJobs failed: SDK.ReadTimeout (request id none); VOD may have taken the request");
        }
        return jobId;
    }

    @Override
    public Optional<String> findSubmitted(String videoId) {
        RuntimeException failure = lookupFailure.get();
        if (failure != null) {
            throw failure;
        }
        return Optional.ofNullable(jobIdByVideo.get(videoId)).map(id -> "task-of-" + id);
    }
}
