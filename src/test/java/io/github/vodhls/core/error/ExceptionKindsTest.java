package io.github.vodhls.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The code is the classification: each exception type carries the codes of one {@link ErrorKind}, its constructor
 * refuses any other, and every throw site in {@code src/main} names a code its type accepts.
 */
class ExceptionKindsTest {
    /** Every type that takes a code, and the kind of the codes it carries. */
    private static final Map<String, ErrorKind> KIND_OF = new LinkedHashMap<>();
    private static final Map<String, BiFunction<ErrorCode, String, VodHlsException>> CONSTRUCTOR =
            new LinkedHashMap<>();

    static {
        type("InvalidRequestException", ErrorKind.INVALID_REQUEST, InvalidRequestException::new);
        type("CallerRejectedException", ErrorKind.UNAUTHENTICATED, CallerRejectedException::new);
        type("TokenRejectedException", ErrorKind.TOKEN_REFUSED, TokenRejectedException::new);
        type("AccessDeniedException", ErrorKind.FORBIDDEN, AccessDeniedException::new);
        type("LimitExceededException", ErrorKind.TOO_MANY_REQUESTS,
                (code, message) -> new LimitExceededException(code, message, 1));
        type("NotFoundException", ErrorKind.NOT_FOUND, NotFoundException::new);
        type("ConflictException", ErrorKind.CONFLICT, ConflictException::new);
        type("DependencyUnavailableException", ErrorKind.UNAVAILABLE, DependencyUnavailableException::new);
        type("InProgressException", ErrorKind.IN_PROGRESS, InProgressException::new);
        type("UpstreamResponseInvalidException", ErrorKind.BAD_GATEWAY, UpstreamResponseInvalidException::new);
        type("InternalFailureException", ErrorKind.INTERNAL, InternalFailureException::new);
    }

    private static void type(String name, ErrorKind kind, BiFunction<ErrorCode, String, VodHlsException> make) {
        KIND_OF.put(name, kind);
        CONSTRUCTOR.put(name, make);
    }

    private static boolean accepts(String type, ErrorCode code) {
        if (type.equals("InternalFailureException")
                && (code == ErrorCode.CONFIGURATION_INVALID || code == ErrorCode.INTERNAL_ERROR)) {
            return false;
        }
        return code.kind() == KIND_OF.get(type);
    }

    @Test
    void everyType_acceptsExactlyTheCodesOfItsKind_andRefusesTheOthersNamingBoth() {
        for (Map.Entry<String, BiFunction<ErrorCode, String, VodHlsException>> type : CONSTRUCTOR.entrySet()) {
            for (ErrorCode code : ErrorCode.values()) {
                if (accepts(type.getKey(), code)) {
                    VodHlsException e = type.getValue().apply(code, "m");
                    assertSame(code, e.errorCode(), type.getKey() + " " + code);
                    assertEquals("m", e.getMessage());
                } else {
                    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                            () -> type.getValue().apply(code, "m"), type.getKey() + " must refuse " + code);
                    assertTrue(refused.getMessage().contains(type.getKey())
                            && refused.getMessage().contains(code.name()), refused.getMessage());
                }
            }
        }
    }

    @Test
    void limitExceeded_refusesARetryAfterBelowOneSecond() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LimitExceededException(ErrorCode.RATE_LIMITED, "m", 0));
        assertEquals("retryAfterSeconds must be at least 1, got 0", e.getMessage());
        assertEquals(60, new LimitExceededException(ErrorCode.TOO_MANY_STREAMS, "m", 60).retryAfterSeconds());
    }

    @Test
    void everyType_refusesANullCode() {
        for (Map.Entry<String, BiFunction<ErrorCode, String, VodHlsException>> type : CONSTRUCTOR.entrySet()) {
            assertThrows(IllegalArgumentException.class, () -> type.getValue().apply(null, "m"), type.getKey());
        }
    }

    @Test
    void theTypesWithOneCode_carryIt() {
        assertSame(ErrorCode.NOT_FOUND, new NotFoundException("m").errorCode());
        assertSame(ErrorCode.METHOD_NOT_ALLOWED, new MethodNotAllowedException("m").errorCode());
        assertSame(ErrorCode.CONFIGURATION_INVALID, new ConfigurationException("X", "m").errorCode());
    }

    @Test
    void everyCodeButInternalError_hasAType_andInternalErrorIsNeverThrown() {
        Set<ErrorCode> carried = EnumSet.of(ErrorCode.NOT_FOUND, ErrorCode.METHOD_NOT_ALLOWED,
                ErrorCode.CONFIGURATION_INVALID);
        for (ErrorCode code : ErrorCode.values()) {
            for (String type : CONSTRUCTOR.keySet()) {
                if (accepts(type, code)) {
                    carried.add(code);
                }
            }
        }
        assertEquals(EnumSet.complementOf(EnumSet.of(ErrorCode.INTERNAL_ERROR)), carried);
    }

    private static final Pattern THROW_SITE = Pattern.compile(
            "new\\s+(?:[\\w.]+\\.)?(\\w+Exception)\\(\\s*(?:[\\w.]+\\.)?ErrorCode\\.(\\w+)\\b");

    /** {@code file:line Type(CODE)} for every {@code new Type(ErrorCode.CODE} under src/main/java. */
    private static List<String[]> throwSites() {
        List<String[]> sites = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Paths.get("src/main/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                Matcher m = THROW_SITE.matcher(source);
                while (m.find()) {
                    int line = 1 + (int) source.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                    sites.add(new String[] {file.getFileName() + ":" + line, m.group(1), m.group(2)});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sites;
    }

    @Test
    void everyThrowSiteInMain_namesACodeOfItsTypesKind() {
        List<String[]> sites = throwSites();
        assertTrue(sites.size() > 80, "throw sites found: " + sites.size());
        List<String> wrong = new ArrayList<>();
        for (String[] site : sites) {
            String type = site[1];
            ErrorCode code = ErrorCode.valueOf(site[2]);
            assertTrue(KIND_OF.containsKey(type), site[0] + ": " + type + " is not a type this test knows");
            if (code.kind() == KIND_OF.get(type) && accepts(type, code)) {
                continue;
            }
            wrong.add(site[0] + " " + type + "(" + code + ", a " + code.kind() + " code)");
        }
        assertEquals(List.of(), wrong, "throw sites whose type disagrees with their code");
    }
}
