package io.github.vodhls.core.http;

/**
 * A function's entry for events that are not HTTP requests (an MNS queue trigger's CloudEvents). The invocation
 * pipeline sends an event here when it is not an FC HTTP event and the function has one; otherwise it answers as HTTP.
 */
public interface EventEndpoint {

    /**
     * Handles the raw event and returns the invocation's result (JSON text), noting in {@code log} what belongs in
     * the invocation's log line (failures handled without failing the event).
     *
     * @throws io.github.vodhls.core.error.VodHlsException when the event, or part of it, must be delivered again: the
     *     invocation then fails, so the trigger retries
     */
    String handleEvent(byte[] event, LogFields log);
}
