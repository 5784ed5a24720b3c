package io.arcly.stream.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.conformance.pcap.Pcap;
import io.arcly.stream.conformance.pcap.TraceMutator;
import io.arcly.stream.conformance.pcap.UdpDatagram;
import io.arcly.stream.protocol.srt.wire.Handshake;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SrtMutationsTest {
  private static final Path TRACE =
      ConformanceTest.TRACES.resolve("srt-ffmpeg-publish-h264-aac.pcap");

  private static SrtTrace trace() throws Exception {
    return SrtTrace.of(Pcap.read(TRACE), 29000);
  }

  /** The mutation written and read back, as a replay reads it. */
  private static SrtTrace mutated(String kind) throws Exception {
    return SrtTrace.of(Pcap.read(TraceMutator.writeUdp(SrtMutations.mutate(kind, trace()))), 29000);
  }

  private static List<UdpDatagram> conclusions(SrtTrace t) {
    return t.clientDatagrams.stream().filter(d -> SrtAdaptation.isConclusion(d.payload())).toList();
  }

  @Test
  void theCapturedTraceIsReadAsCallerAndListener() throws Exception {
    SrtTrace t = trace();
    assertThat(t.server.port()).isEqualTo(29000);
    assertThat(t.capturedCookie).isNotNull();
    assertThat(t.capturedSocketId).isNotNull();
    assertThat(conclusions(t)).isNotEmpty();
    assertThat(t.adaptation().needs(conclusions(t).get(0).payload()))
        .isEqualTo(SrtAdaptation.Needs.COOKIE);
  }

  @Test
  void aBadCookieIsOneNoListenerGaveAndIsNotAdapted() throws Exception {
    SrtTrace m = mutated("srt-bad-cookie");
    assertThat(m.capturedCookie).isEqualTo(trace().capturedCookie);
    assertThat(m.capturedSocketId).as("the listener never answered the conclusion").isNull();
    assertThat(conclusions(m)).isNotEmpty();
    for (UdpDatagram c : conclusions(m)) {
      assertThat(SrtTrace.handshake(c.payload()).cookie())
          .isEqualTo(trace().capturedCookie ^ 0x5A5A_5A5A);
      assertThat(m.adaptation().carriesListenerCookie(c.payload())).isFalse();
    }
  }

  @Test
  void aTruncatedHandshakeKeepsItsBodyWithoutExtensions() throws Exception {
    for (UdpDatagram c : conclusions(mutated("srt-truncated-handshake"))) {
      assertThat(c.payload()).hasSize(SrtAdaptation.HANDSHAKE_BODY_END);
      Handshake h = SrtTrace.handshake(c.payload());
      assertThat(h.srt()).isNull();
      assertThat(h.streamId()).isNull();
      assertThat(h.cookie()).isEqualTo(trace().capturedCookie);
    }
  }

  @Test
  void garbageControlPacketsAreOfUnknownTypesToTheListenerAndReproducible() throws Exception {
    SrtTrace t = trace();
    SrtTrace m = mutated("srt-garbage-control");
    assertThat(m.clientDatagrams).hasSize(t.clientDatagrams.size() + SrtMutations.GARBAGE);
    List<byte[]> added =
        m.clientDatagrams.stream()
            .map(UdpDatagram::payload)
            .filter(
                p ->
                    t.clientDatagrams.stream()
                        .noneMatch(o -> java.util.Arrays.equals(o.payload(), p)))
            .toList();
    assertThat(added).hasSize(SrtMutations.GARBAGE);
    for (byte[] g : added) {
      int type = (g[0] & 0x7F) << 8 | g[1] & 0xFF;
      assertThat(type).isBetween(0x0100, 0x7FFE);
      assertThat(SrtAdaptation.getInt(g, SrtAdaptation.DESTINATION)).isEqualTo(t.capturedSocketId);
    }
    assertThat(TraceMutator.writeUdp(SrtMutations.mutate("srt-garbage-control", t)))
        .isEqualTo(TraceMutator.writeUdp(SrtMutations.mutate("srt-garbage-control", trace())));
  }
}
