package io.github.vodhls.functions;

import io.github.vodhls.wiring.FunctionGraph;
import io.github.vodhls.wiring.Wiring;

/**
 * FC handler of the decrypt function ({@code GET <DecryptKeyUri>?Ciphertext=C&MtsHlsUriToken=T}). Handler
 * {@code io.github.vodhls.functions.DecryptHandler::handleRequest}, initializer
 * {@code io.github.vodhls.functions.DecryptHandler::initialize}.
 */
public final class DecryptHandler extends FcHttpFunction {

    /** Used by FC: builds the object graph once per instance from the environment. */
    public DecryptHandler() {
        this(Wiring.fromEnvironment().decryptFunction());
    }

    /** Used by tests and the local stack. */
    public DecryptHandler(FunctionGraph graph) {
        super(graph);
    }
}
