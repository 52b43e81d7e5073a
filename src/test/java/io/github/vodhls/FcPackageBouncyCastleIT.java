package io.github.vodhls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.auth.signers.HmacSM3Signer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/**
 * The FC package keeps BouncyCastle's provider working although its post-quantum implementations are left out (see
 * the fc-package shade filters): aliyun-java-sdk-core's SM3 signer builds a {@link BouncyCastleProvider} and hashes
 * with it, and jjwt falls back to that provider for algorithms the JDK lacks (Ed25519 on FC's Java 11).
 */
class FcPackageBouncyCastleIT {

    @Test
    void provider_isLoadedFromTheFcPackage() throws Exception {
        Path source = Paths.get(BouncyCastleProvider.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        assertEquals("vod-hls-encryption.jar", source.getFileName().toString());
    }

    @Test
    void providersListedInThePackagesServiceFile_allInstantiate() {
        // What the JDK does for a provider named in java.security that is not built in: load and build every one.
        List<String> names = new ArrayList<>();
        for (Provider provider : ServiceLoader.load(Provider.class)) {
            names.add(provider.getName());
        }
        assertTrue(names.containsAll(List.of("BC", "BCPQC")), names.toString());
    }

    @Test
    void sdkSm3Signer_hashesTheStandardsExample() throws Exception {
        // GB/T 32905-2016, example 1: SM3("abc")
        assertEquals("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
                hex(new HmacSM3Signer().hash("abc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void sdkSm3Signer_signsAsHmacOverTheProvidersSm3() throws Exception {
        String signature = new HmacSM3Signer().signString("GET\n/\n\nhost:vod.example\n", "key-secret");

        assertEquals(hmacSm3("key-secret".getBytes(StandardCharsets.UTF_8),
                "GET\n/\n\nhost:vod.example\n".getBytes(StandardCharsets.UTF_8)), signature);
    }

    @Test
    void provider_signsEd25519AsRfc8032Test1() throws Exception {
        Provider bc = new BouncyCastleProvider();
        byte[] seed = unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] pub = unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        KeyFactory keys = KeyFactory.getInstance("Ed25519", bc);
        PrivateKey privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(
                concat(unhex("302e020100300506032b657004220420"), seed)));
        PublicKey publicKey = keys.generatePublic(new X509EncodedKeySpec(
                concat(unhex("302a300506032b6570032100"), pub)));

        Signature signer = Signature.getInstance("Ed25519", bc);
        signer.initSign(privateKey);
        byte[] signature = signer.sign();

        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
                + "d25bf5f0595bbe24655141438e7a100b", hex(signature));
        Signature verifier = Signature.getInstance("Ed25519", bc);
        verifier.initVerify(publicKey);
        assertTrue(verifier.verify(signature));
    }

    /** RFC 2104 HMAC over the provider's SM3 (64-byte blocks), hex: what the SDK's signer must produce. */
    private static String hmacSm3(byte[] key, byte[] message) throws Exception {
        MessageDigest sm3 = MessageDigest.getInstance("SM3", new BouncyCastleProvider());
        byte[] block = Arrays.copyOf(key.length > 64 ? sm3.digest(key) : key, 64);
        byte[] inner = new byte[64];
        byte[] outer = new byte[64];
        for (int i = 0; i < 64; i++) {
            inner[i] = (byte) (block[i] ^ 0x36);
            outer[i] = (byte) (block[i] ^ 0x5c);
        }
        sm3.update(inner);
        byte[] innerHash = sm3.digest(message);
        sm3.update(outer);
        byte[] mac = sm3.digest(innerHash);
        return hex(mac);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    private static byte[] unhex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
