package io.arcly.stream.rtp.sdp;

import static io.arcly.stream.fuzz.Seeds.seed;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes {@link SessionDescription#parse} with what an ANNOUNCE body, a DESCRIBE answer or a WHIP
 * offer may hold: it throws only {@link SdpException}, every accessor reads what parsed, and a
 * description that parses is written as one that parses to an equal value.
 */
class SdpFuzzTest {
  /**
   * Parsing, reading every accessor and writing back allocate some 50 to 100 bytes per input byte
   * in a plain run ({@code SessionDescriptionTest} checks the parser and the lookups alone). Under
   * Jazzer each string comparison its hooks see allocates several hundred bytes, and direction
   * lookups compare every media section against the session's attributes; a quadratic path such as
   * parsing every rtpmap for each payload type (once 4.6 KiB per input byte without hooks) is still
   * past this budget.
   */
  private static final DecoderContract CONTRACT =
      DecoderContract.throwing(SdpException.class).allocatingAtMost(4 << 20, 2048);

  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () ->
            SdpSamples.all()
                .map(a -> seed((String) a.get()[0], ((String) a.get()[1]).getBytes(UTF_8))),
        () ->
            SessionDescriptionTest.refused()
                .map(a -> seed((String) a.get()[0], ((String) a.get()[1]).getBytes(UTF_8))));
  }

  @MethodSource("seeds")
  @FuzzTest
  void description(byte[] input) throws Exception {
    CONTRACT.check(
        input.length,
        () -> {
          SessionDescription sd = SessionDescription.parse(input);
          for (MediaDescription m : sd.media()) {
            m.rtpMaps();
            m.firstRtpMap();
            for (int pt : m.payloadTypes()) {
              m.rtpMap(pt);
              m.fmtp(pt);
            }
            m.control();
            sd.direction(m);
          }
          DecoderContract.roundTrip(sd, SessionDescription.parse(sd.toString()));
        });
  }
}
