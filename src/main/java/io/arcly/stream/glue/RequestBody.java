package io.arcly.stream.glue;

import io.arcly.stream.media.Text;
import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request body, read in full under a size limit before anything parses it, then parsed from
 * memory.
 *
 * <p>No parser ever pulls from a request stream: a client that sends a truncated, endless or
 * hostile body costs at most {@link #MAX_BYTES} of memory and one pass over them. JSON is parsed
 * with the container's JSON-P event parser, iteratively, to at most {@link #MAX_DEPTH} levels of
 * nesting; members are checked by name and type by the endpoint ({@link JsonObject#only}), so an
 * unknown member is an error rather than something skipped.
 *
 * <p>Limits: {@value #MAX_BYTES} bytes unless the endpoint says otherwise (413 past it, checked
 * from {@code Content-Length} before reading and again while reading), 10 s to arrive (408), strict
 * UTF-8, nesting {@value #MAX_DEPTH} deep, strings and numbers as long as the body allows, numbers
 * at most {@value #MAX_NUMBER_CHARS} characters. Every failure is an {@link ApiException} with
 * status 400 or 413 that names the problem.
 */
final class RequestBody {
  /** The default body limit in bytes. */
  static final int MAX_BYTES = 64 * 1024;

  /** The deepest nesting of objects and arrays accepted. */
  static final int MAX_DEPTH = 32;

  /** The longest number literal accepted. */
  static final int MAX_NUMBER_CHARS = 64;

  /**
   * The longest a body may take to arrive. Each read also ends after Liberty's {@code readTimeout}
   * without data (server.xml), so a client trickling bytes holds a request thread for at most about
   * this plus that.
   */
  static final long MAX_READ_NANOS = 10_000_000_000L;

  private RequestBody() {}

  /**
   * Reads the whole body, at most {@code limit} bytes.
   *
   * @param contentLength the request's {@code Content-Length}, or -1 when it has none
   * @throws ApiException 413 when the body is longer than {@code limit}
   */
  static byte[] read(InputStream in, long contentLength, int limit) {
    if (contentLength > limit) {
      throw tooLarge(limit);
    }
    if (in == null) {
      return new byte[0];
    }
    byte[] buf = new byte[(int) Math.min(Math.max(contentLength, 1024), limit + 1L)];
    int n = 0;
    long started = System.nanoTime();
    try {
      while (true) {
        if (System.nanoTime() - started > MAX_READ_NANOS) {
          throw new ApiException(
              408, "request_timeout", "the request body took longer than 10 s to arrive");
        }
        if (n == buf.length) {
          if (n > limit) {
            throw tooLarge(limit);
          }
          buf = Arrays.copyOf(buf, (int) Math.min((long) n * 2, limit + 1L));
        }
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    } catch (IOException e) {
      // The client stopped sending (Liberty's read timeout) or went away.
      throw new ApiException(
          408,
          "request_timeout",
          "the request body did not arrive: " + e.getClass().getSimpleName());
    }
    if (n > limit) {
      throw tooLarge(limit);
    }
    return n == buf.length ? buf : Arrays.copyOf(buf, n);
  }

  /**
   * Parses {@code body} as one JSON object.
   *
   * @throws ApiException 400 naming the problem: empty body, not UTF-8, malformed JSON, not an
   *     object, nested too deep, a number too long
   */
  static JsonObject object(byte[] body) {
    String text = utf8(body);
    if (text.isBlank()) {
      throw bad("the request body is empty; expected a JSON object");
    }
    Object value = parse(text);
    if (!(value instanceof Map<?, ?> map)) {
      throw bad("the request body must be a JSON object, not " + typeName(value));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> members = (Map<String, Object>) map;
    return new JsonObject(members);
  }

  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw bad("the request body is not valid UTF-8");
    }
  }

  /** Parses one JSON text into maps, lists, strings, numbers, booleans and null, iteratively. */
  static Object parse(String text) {
    // Containers under construction; a member name waits in `names` for its value.
    Deque<Object> open = new ArrayDeque<>();
    Deque<String> names = new ArrayDeque<>();
    Object root = null;
    boolean haveRoot = false;
    try (JsonParser p = Json.createParser(new StringReader(text))) {
      while (p.hasNext()) {
        JsonParser.Event e = p.next();
        Object value;
        switch (e) {
          case KEY_NAME -> {
            names.push(p.getString());
            continue;
          }
          case START_OBJECT, START_ARRAY -> {
            if (open.size() >= MAX_DEPTH) {
              throw bad("the request body is nested deeper than " + MAX_DEPTH + " levels");
            }
            Object c =
                e == JsonParser.Event.START_OBJECT ? new LinkedHashMap<>() : new ArrayList<>();
            add(open, names, c);
            open.push(c);
            continue;
          }
          case END_OBJECT, END_ARRAY -> {
            Object c = open.pop();
            if (open.isEmpty()) {
              root = c;
              haveRoot = true;
            }
            continue;
          }
          case VALUE_STRING -> value = p.getString();
          case VALUE_NUMBER -> {
            String digits = p.getString();
            if (digits.length() > MAX_NUMBER_CHARS) {
              throw bad("a number in the request body is longer than " + MAX_NUMBER_CHARS);
            }
            value = new BigDecimal(digits);
          }
          case VALUE_TRUE -> value = Boolean.TRUE;
          case VALUE_FALSE -> value = Boolean.FALSE;
          case VALUE_NULL -> value = null;
          default -> throw bad("the request body is not valid JSON");
        }
        if (open.isEmpty()) {
          root = value;
          haveRoot = true;
        } else {
          add(open, names, value);
        }
      }
    } catch (JsonParsingException e) {
      throw bad("the request body is not valid JSON: " + where(e, text));
    } catch (jakarta.json.JsonException | NumberFormatException e) {
      throw bad("the request body is not valid JSON");
    }
    if (!haveRoot || !open.isEmpty()) {
      throw bad("the request body is not valid JSON: it ends too early");
    }
    return root;
  }

  @SuppressWarnings("unchecked")
  private static void add(Deque<Object> open, Deque<String> names, Object value) {
    Object parent = open.peek();
    if (parent instanceof Map<?, ?> m) {
      String name = names.pop();
      if (((Map<String, Object>) m).containsKey(name)) {
        throw bad("the request body names member \"" + Text.printable(name, 64) + "\" twice");
      }
      ((Map<String, Object>) m).put(name, value);
    } else if (parent instanceof List<?> l) {
      ((List<Object>) l).add(value);
    }
  }

  private static String where(JsonParsingException e, String text) {
    var loc = e.getLocation();
    // The parser's offset at end of input runs past the text; the end is what matters.
    if (loc == null || loc.getStreamOffset() >= text.strip().length()) {
      return "it ends too early";
    }
    return "unexpected input at offset " + loc.getStreamOffset();
  }

  static String typeName(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map<?, ?>) {
      return "an object";
    }
    if (v instanceof List<?>) {
      return "an array";
    }
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    return "a number";
  }

  private static ApiException bad(String message) {
    return new ApiException(400, "bad_request", message);
  }

  private static ApiException tooLarge(int limit) {
    return new ApiException(
        413, "body_too_large", "the request body is longer than " + limit + " bytes");
  }

  /** A JSON object from a request body, read member by member with their types checked. */
  static final class JsonObject {
    private final Map<String, Object> members;

    JsonObject(Map<String, Object> members) {
      this.members = members;
    }

    /**
     * Refuses members other than {@code names}.
     *
     * @throws ApiException 400 naming the first unknown member and the known ones
     */
    JsonObject only(String... names) {
      List<String> known = List.of(names);
      for (String m : members.keySet()) {
        if (!known.contains(m)) {
          throw bad(
              "unknown member \""
                  + Text.printable(m, 64)
                  + "\" in the request body; expected "
                  + String.join(", ", known));
        }
      }
      return this;
    }

    /**
     * The string member {@code name}.
     *
     * @throws ApiException 400 when it is missing, null or not a string
     */
    String string(String name) {
      Object v = members.get(name);
      if (v instanceof String s) {
        return s;
      }
      throw bad(
          v == null && !members.containsKey(name)
              ? "the request body has no \"" + name + "\""
              : "\"" + name + "\" must be a string, not " + typeName(v));
    }

    /**
     * The string member {@code name}, or {@code fallback} when it is missing.
     *
     * @throws ApiException 400 when it is not a string
     */
    String string(String name, String fallback) {
      return members.containsKey(name) ? string(name) : fallback;
    }

    /**
     * The boolean member {@code name}, or {@code fallback} when it is missing.
     *
     * @throws ApiException 400 when it is not true or false
     */
    boolean bool(String name, boolean fallback) {
      if (!members.containsKey(name)) {
        return fallback;
      }
      Object v = members.get(name);
      if (v instanceof Boolean b) {
        return b;
      }
      throw bad("\"" + name + "\" must be true or false, not " + typeName(v));
    }
  }
}
