package io.github.vodhls.functions;

import io.github.vodhls.wiring.FunctionGraph;
import io.github.vodhls.wiring.Wiring;

/**
 * FC handler of the playlist function ({@code GET /media/{videoId}/{name}.m3u8?MtsHlsUriToken=T}). Handler
 * {@code io.github.vodhls.functions.PlaylistHandler::handleRequest}, initializer
 * {@code io.github.vodhls.functions.PlaylistHandler::initialize}.
 */
public final class PlaylistHandler extends FcHttpFunction {

    /** Used by FC: builds the object graph once per instance from the environment. */
    public PlaylistHandler() {
        this(Wiring.fromEnvironment().playlistFunction());
    }

    /** Used by tests and the local stack. */
    public PlaylistHandler(FunctionGraph graph) {
        super(graph);
    }
}
