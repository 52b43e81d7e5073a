package io.github.vodhls.core.http;

import io.github.vodhls.core.token.Identifiers;
import io.github.vodhls.core.token.TokenClaims;

/**
 * What an endpoint learned while serving one request that belongs in the request's log line: the video and the
 * token it concerned, and any failure it handled without failing the request. Ids only, never a token, key or
 * signature; an id taken from a request body is kept only when it is well formed (1-128 characters of
 * {@code A-Z a-z 0-9 . _ : @ -}), so the log cannot be fed arbitrary text. Carried by
 * passed by the invocation pipeline to {@link HttpEndpoint#handle} (or {@link EventEndpoint}): one per request (or non-HTTP event), written by the thread that serves it.
 */
public final class LogFields {
    private String videoId;
    private String tokenId;
    private String problem;
    private int tokenUrisWithheld;

    /** The token the request was served under: its id and its video. */
    public void token(TokenClaims claims) {
        tokenId = claims.tokenId();
        videoId = claims.videoId();
    }

    /** The video the request concerned; ignored when not a well-formed id. */
    public void video(String id) {
        if (Identifiers.isId(id)) {
            videoId = id;
        }
    }

    /** The token (by id) the request concerned; ignored when not a well-formed id. */
    public void tokenId(String id) {
        if (Identifiers.isId(id)) {
            tokenId = id;
        }
    }

    /**
     * A failure the endpoint handled without failing the request (its answer is still a success), e.g. a transcoding
     * job that VOD has but the registry could not record. The log line carries it in its message, as an error. The
     * text must be fit for the log like an exception's message: ids, codes, no token, key or signature. Several are
     * joined by {@code "; "}.
     */
    public void problem(String description) {
        problem = problem == null ? description : problem + "; " + description;
    }

    /** The handled failures, or null when there were none. */
    public String problem() {
        return problem;
    }

    /** The video id, or null when unknown. */
    /**
     * The playlist function left this many URIs without the viewer's token: they point where it may not go (another
     * host, cleartext http, another scheme).
     */
    public void tokenUrisWithheld(int count) {
        this.tokenUrisWithheld = count;
    }

    public int tokenUrisWithheld() {
        return tokenUrisWithheld;
    }

    public String videoId() {
        return videoId;
    }

    /** The token id, or null when unknown. */
    public String tokenId() {
        return tokenId;
    }

    @Override
    public String toString() {
        return "LogFields[videoId=" + videoId + ", tokenId=" + tokenId + (problem == null ? "" : ", problem") + "]";
    }
}
