package io.github.vodhls.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link JsonLine} writes what Gson's {@code JsonObject.toString()} wrote for the same members, to the character. */
class JsonLineTest {

    @Test
    void everyCharacter_isWrittenAsGsonWritesIt() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            all.append(c); // lone surrogates included: a log line must not fail on whatever an exception says
        }
        String value = all.append(Character.MAX_VALUE).toString();
        JsonObject gson = new JsonObject();
        gson.addProperty("message", value);

        assertEquals(gson.toString(), new JsonLine().put("message", value).toString());
    }

    @Test
    void randomLines_matchGson_andParseBack() {
        Random random = new Random(20261130L);
        String alphabet = "aZ09 \"\\/\t\b\n\r\f\u0000\u001f\u007f\u2028\u2029<>&='é漢\ud83c\udfac\ud800";
        for (int line = 0; line < 2_000; line++) {
            JsonObject gson = new JsonObject();
            JsonLine ours = new JsonLine();
            int members = random.nextInt(8);
            for (int m = 0; m < members; m++) {
                String name = "f" + m + (random.nextBoolean() ? "\"\n" : "");
                if (random.nextBoolean()) {
                    long number = random.nextInt(3) == 0 ? Long.MIN_VALUE + random.nextInt(3) : random.nextLong();
                    gson.addProperty(name, number);
                    ours.put(name, number);
                } else {
                    StringBuilder value = new StringBuilder();
                    for (int i = random.nextInt(40); i > 0; i--) {
                        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    gson.addProperty(name, value.toString());
                    ours.put(name, value.toString());
                }
            }
            assertEquals(gson.toString(), ours.toString());
            assertEquals(gson, JsonParser.parseString(ours.toString()));
        }
    }

    @Test
    void nullStrings_areLeftOut_andAnEmptyLineIsAnEmptyObject() {
        assertEquals("{}", new JsonLine().toString());
        assertEquals("{\"a\":1}", new JsonLine().put("b", (String) null).put("a", 1).toString());
    }
}
