package io.github.vodhls.adapters.local.vod;

import java.security.SecureRandom;

/** The ids the VOD emulation makes up (video ids, job ids): 32 lowercase hex characters, as VOD's look. */
final class RandomIds {
    private RandomIds() {
    }

    static String hex32(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        StringBuilder hex = new StringBuilder(32);
        for (byte b : bytes) {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }
}
