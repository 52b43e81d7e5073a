package io.github.vodhls.functions;

import io.github.vodhls.wiring.FunctionGraph;
import io.github.vodhls.wiring.Wiring;

/**
 * FC handler of the upload-callback function. Handler
 * {@code io.github.vodhls.functions.UploadCallbackHandler::handleRequest}, initializer
 * {@code io.github.vodhls.functions.UploadCallbackHandler::initialize}. It takes VOD's HTTP callback (an FC 3.0 HTTP
 * trigger event) and the events of an MNS queue trigger (CloudEvents, one or a batch), both through the one pipeline
 * of {@link FcHttpFunction}; a failed MNS batch makes the invocation fail so that FC redelivers it.
 */
public final class UploadCallbackHandler extends FcHttpFunction {

    /** Used by FC: builds the object graph once per instance from the environment. */
    public UploadCallbackHandler() {
        this(Wiring.fromEnvironment().uploadCallbackFunction());
    }

    /** Used by tests and the local stack. */
    public UploadCallbackHandler(FunctionGraph graph) {
        super(graph);
    }
}
