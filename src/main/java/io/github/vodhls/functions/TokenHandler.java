package io.github.vodhls.functions;

import io.github.vodhls.wiring.FunctionGraph;
import io.github.vodhls.wiring.Wiring;

/**
 * FC handler of the token function ({@code POST /token}, {@code /keys}, {@code /revoke}). Handler
 * {@code io.github.vodhls.functions.TokenHandler::handleRequest}, initializer
 * {@code io.github.vodhls.functions.TokenHandler::initialize}.
 */
public final class TokenHandler extends FcHttpFunction {

    /** Used by FC: builds the object graph once per instance from the environment. */
    public TokenHandler() {
        this(Wiring.fromEnvironment().tokenFunction());
    }

    /** Used by tests and the local stack. */
    public TokenHandler(FunctionGraph graph) {
        super(graph);
    }
}
