package io.github.vodhls.core.playlist;

import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.error.UpstreamResponseInvalidException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Playlist bytes from an origin as text: RFC 8216 playlists are UTF-8, and anything else is refused, not guessed. */
public final class OriginText {
    private OriginText() {
    }

    /**
     * @param what names the file in the error message, e.g. {@code origin file host/v1/index.m3u8}
     * @throws UpstreamResponseInvalidException {@code ORIGIN_RESPONSE_INVALID} when the bytes are not UTF-8
     */
    public static String decode(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UpstreamResponseInvalidException(ErrorCode.ORIGIN_RESPONSE_INVALID, what + " is not UTF-8 text");
        }
    }
}
