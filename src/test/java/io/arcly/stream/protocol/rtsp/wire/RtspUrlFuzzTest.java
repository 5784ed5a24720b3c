package io.arcly.stream.protocol.rtsp.wire;

import static io.arcly.stream.fuzz.Seeds.seed;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes {@link RtspUrl} with request URIs and configured camera URLs, read as UTF-8, and a control
 * after the first newline: parsing throws only {@link RtspException}, a URL that parses prints as
 * one that parses to an equal value and names the same resource, and resolving the control and
 * splitting the stream path fail only with {@link RtspException}.
 */
class RtspUrlFuzzTest {
  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () ->
            RtspUrlTest.controls()
                .map(
                    a ->
                        seed(
                            (String) a.get()[0], (a.get()[1] + "\n" + a.get()[2]).getBytes(UTF_8))),
        () ->
            Stream.of(
                    "rtsp://admin:p@ss@192.168.1.10/Streaming/Channels/101",
                    "rtsps://[::1]:8322/live/cam?token=abc/trackID=0",
                    "rtsp://u:%41%zz@h/a",
                    "rtsp://h/a b")
                .map(s -> seed(s, s.getBytes(UTF_8))));
  }

  @MethodSource("seeds")
  @FuzzTest
  void url(byte[] input) throws Exception {
    String text = new String(input, UTF_8);
    int nl = text.indexOf('\n');
    String url = nl < 0 ? text : text.substring(0, nl);
    String control = nl < 0 ? "trackID=0" : text.substring(nl + 1);
    DecoderContract.throwing(RtspException.class)
        .check(
            input.length,
            () -> {
              RtspUrl u = RtspUrl.parse(url);
              RtspUrl again = RtspUrl.parse(u.toString());
              DecoderContract.roundTrip(u, again);
              if (!u.sameResource(again) || !u.sameResource(u.withoutCredentials())) {
                throw new AssertionError(u + " is not the same resource as itself");
              }
              u.streamPath();
              u.resolve(control).streamPath();
            });
  }
}
