package io.arcly.stream.glue;

import static io.arcly.stream.fuzz.Seeds.seed;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import java.io.ByteArrayInputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the API's request bodies as a client sends them: read under the 64 KiB limit, parsed from
 * memory as one JSON object and checked for the relay endpoint's one member. The only failure is
 * {@link ApiException} (400 or 413), within bounded allocation and time; no input loops.
 */
class RequestBodyFuzzTest {
  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () ->
            RequestBodyTest.badBodies()
                .map(a -> (RequestBodyTest.Case) a.get()[1])
                .filter(c -> c.body().length() < 4096)
                .map(c -> seed(c.name(), c.body().getBytes(UTF_8))),
        () ->
            Stream.of(
                    "{\"url\":\"rtmp://cdn.example.com/live/cam\"}",
                    " {\"url\" : \"rtmp://h/a/\\u00e9\\n\"}\n",
                    "{\"a\":[1,-2.5e10,true,false,null,{\"b\":[]}],\"url\":\"x\"}",
                    "[[[[[[[[[[]]]]]]]]]]")
                .map(s -> seed(s, s.getBytes(UTF_8))));
  }

  @MethodSource("seeds")
  @FuzzTest
  void relayBody(byte[] input) throws Exception {
    DecoderContract.throwing(ApiException.class)
        .check(
            input.length,
            () ->
                RequestBody.object(
                        RequestBody.read(
                            new ByteArrayInputStream(input), input.length, RequestBody.MAX_BYTES))
                    .only("url")
                    .string("url"));
  }

  static Stream<Arguments> sourceSeeds() {
    return Seeds.lazily(
        () ->
            Stream.of(
                    "{\"name\":\"cam1\",\"url\":\"rtsp://u:p@cam:554/h264\",\"key\":\"live/cam1\"}",
                    "{\"name\":\"c\",\"url\":\"rtsp://cam/x\",\"key\":\"live/c\",\"transport\":\"tcp\","
                        + "\"onDemand\":true,\"closeAfter\":\"5s\",\"startTimeout\":\"PT3S\"}",
                    "{\"name\":\"../x\",\"url\":\"rtsp://[::1]:99999/\",\"key\":\"a/b/c\"}")
                .map(s -> seed(s, s.getBytes(UTF_8))));
  }

  /** A source to pull, as {@code POST /api/v1/sources} reads it: only 400 or 413 come out. */
  @MethodSource("sourceSeeds")
  @FuzzTest
  void sourceBody(byte[] input) throws Exception {
    DecoderContract.throwing(ApiException.class)
        .check(
            input.length,
            () ->
                SourcesResource.parse(
                    RequestBody.read(
                        new ByteArrayInputStream(input), input.length, RequestBody.MAX_BYTES)));
  }
}
