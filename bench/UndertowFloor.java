import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * The floor under the local stack's {@code /decrypt} in {@code bench/decrypt-vs-nginx.sh} (with {@code FLOOR=1}):
 * Undertow as the local stack runs it (2 I/O threads, 16 workers, each request dispatched to a worker in blocking
 * mode) answering every request with the same 16 bytes and doing nothing else: no token, no store, no log line. What
 * the stack reaches above this is what its own work costs. Loopback only.
 *
 * <p>Run from the repository: {@code java -cp target/vod-hls-encryption-local.jar bench/UndertowFloor.java PORT}.
 */
public final class UndertowFloor {
    private UndertowFloor() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        byte[] key = new byte[16];
        HttpHandler answer = new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) throws Exception {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this);
                    return;
                }
                exchange.startBlocking();
                exchange.setResponseContentLength(key.length);
                exchange.getOutputStream().write(key);
                exchange.getOutputStream().close();
                exchange.endExchange();
            }
        };
        Undertow.builder().addHttpListener(port, "127.0.0.1").setIoThreads(2).setWorkerThreads(16)
                .setHandler(answer).build().start();
        System.out.println("undertow floor is up on 127.0.0.1:" + port);
    }
}
