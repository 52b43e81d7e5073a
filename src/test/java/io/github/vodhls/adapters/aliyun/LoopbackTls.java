package io.github.vodhls.adapters.aliyun;

import com.aliyuncs.http.clients.ApacheHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** What the loopback HTTPS stand-ins of Alibaba Cloud RPC services (KMS, VOD) share. */
final class LoopbackTls {
    private LoopbackTls() {
    }

    /** A fresh self-signed EC certificate for 127.0.0.1, made by the JDK's keytool, and its store password. */
    static final class SelfSigned {
        final KeyStore keyStore;
        final char[] password;
        final String alias;

        private SelfSigned(KeyStore keyStore, char[] password, String alias) {
            this.keyStore = keyStore;
            this.password = password;
            this.alias = alias;
        }
    }

    /** A trust manager that trusts exactly the certificate under {@code alias}. */
    static X509TrustManager trusting(KeyStore keyStore, String alias) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("loopback-" + alias, keyStore.getCertificate(alias));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager) {
                return (X509TrustManager) manager;
            }
        }
        throw new IllegalStateException("no X509TrustManager");
    }

    /**
     * A trust manager that trusts what either trusts: for a test that talks to two stand-ins at once (the SDK's one
     * JVM-wide HTTP client keeps the trust of the first client built).
     */
    static X509TrustManager either(X509TrustManager first, X509TrustManager second) {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("the loopback stand-ins authenticate no clients by certificate");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    first.checkServerTrusted(chain, authType);
                } catch (CertificateException e) {
                    second.checkServerTrusted(chain, authType);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                X509Certificate[] a = first.getAcceptedIssuers();
                X509Certificate[] b = second.getAcceptedIssuers();
                X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
                System.arraycopy(b, 0, all, a.length, b.length);
                return all;
            }
        };
    }

    static SelfSigned selfSigned(Path dir, String alias) throws IOException, InterruptedException,
            GeneralSecurityException {
        Path store = dir.resolve("loopback-" + alias + ".p12");
        char[] password = UUID.randomUUID().toString().toCharArray();
        ProcessBuilder keytool = new ProcessBuilder(System.getProperty("java.home") + "/bin/keytool",
                "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "1", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass:env", "LOOPBACK_STOREPASS", "-keypass:env", "LOOPBACK_STOREPASS")
                .redirectErrorStream(true);
        keytool.environment().put("LOOPBACK_STOREPASS", new String(password));
        Process process = keytool.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, password);
        }
        return new SelfSigned(keyStore, password, alias);
    }

    /**
     * Closes the SDK's JVM-wide HTTP client, so the next {@code DefaultAcsClient} built sets up TLS trust afresh
     * (the first one built fixes it for every later one).
     */
    static void closeSdkHttpClient() {
        try {
            ApacheHttpClient.getInstance().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the pairs of a form-encoded string (a query or an RPC POST body). */
    static void parseForm(String encoded, Map<String, String> into) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            into.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
    }
}
