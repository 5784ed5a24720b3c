package io.arcly.stream.protocol.rtsp.wire;

import static io.arcly.stream.fuzz.Seeds.seed;
import static java.nio.charset.StandardCharsets.ISO_8859_1;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the header values a session reads from its peer ({@code Transport}, {@code Session},
 * {@code Range}, {@code RTP-Info}, {@code Public}), read as ISO-8859-1 as the decoder reads header
 * bytes: each parser throws only {@link RtspException}, and a value that parses is formatted as one
 * that parses to an equal value.
 */
class HeaderValuesFuzzTest {
  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () ->
            HeaderValuesTest.transports()
                .map(a -> seed((String) a.get()[0], ((String) a.get()[1]).getBytes(ISO_8859_1))),
        () ->
            Stream.of(
                    "RTP/AVP/TCP;unicast;interleaved=0-1, RTP/AVP;unicast;client_port=5000-5001",
                    "RTP/AVP;multicast;x=\"a;b,c\";mode=\"PLAY\"",
                    "12345678;timeout=60",
                    "npt=00:01:02.5-3723.25",
                    "clock=19961108T142300Z-;time=19970123T143720Z",
                    "url=rtsp://h/a/trackID=0;seq=1;rtptime=2,url=\"rtsp://h/a/b\";ssrc=1",
                    "OPTIONS, DESCRIBE,,SETUP")
                .map(s -> seed(s, s.getBytes(ISO_8859_1))));
  }

  @MethodSource("seeds")
  @FuzzTest
  void value(byte[] input) throws Exception {
    String v = new String(input, ISO_8859_1);
    DecoderContract c = DecoderContract.throwing(RtspException.class);
    c.check(
        input.length,
        () -> {
          var list = Transport.parseList(v);
          DecoderContract.roundTrip(list, Transport.parseList(Transport.formatList(list)));
        });
    c.check(
        input.length,
        () -> {
          SessionHeader s = SessionHeader.parse(v);
          DecoderContract.roundTrip(s, SessionHeader.parse(s.toString()));
        });
    c.check(
        input.length,
        () -> {
          RangeHeader r = RangeHeader.parse(v);
          r.start();
          r.end();
          DecoderContract.roundTrip(r, RangeHeader.parse(r.toString()));
        });
    c.check(
        input.length,
        () -> {
          var list = RtpInfo.parseList(v);
          DecoderContract.roundTrip(list, RtpInfo.parseList(RtpInfo.formatList(list)));
        });
    c.check(
        input.length,
        () -> {
          var methods = RtspHeaders.parsePublic(v);
          DecoderContract.roundTrip(
              methods, RtspHeaders.parsePublic(RtspHeaders.formatPublic(methods)));
        });
  }
}
