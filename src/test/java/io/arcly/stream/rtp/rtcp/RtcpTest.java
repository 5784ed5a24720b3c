package io.arcly.stream.rtp.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arcly.stream.rtp.RtpException;
import io.arcly.stream.rtp.rtcp.RtcpPacket.FullIntraRequest;
import io.arcly.stream.rtp.rtcp.RtcpPacket.Goodbye;
import io.arcly.stream.rtp.rtcp.RtcpPacket.Nack;
import io.arcly.stream.rtp.rtcp.RtcpPacket.PictureLossIndication;
import io.arcly.stream.rtp.rtcp.RtcpPacket.ReceiverReport;
import io.arcly.stream.rtp.rtcp.RtcpPacket.ReportBlock;
import io.arcly.stream.rtp.rtcp.RtcpPacket.SenderReport;
import io.arcly.stream.rtp.rtcp.RtcpPacket.SourceDescription;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpTest {
  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  static List<RtcpPacket> parse(byte[] b) {
    return Rtcp.parse(b, 0, b.length);
  }

  @Test
  void senderReportWithSdesAsFfmpegSendsIt() {
    byte[] b =
        hex(
            "80 c8 00 06" // SR, no report blocks, 6 words
                + " 12 34 56 78" // ssrc
                + " e9 1f 2a 00 80 00 00 00" // NTP: seconds, half a second
                + " 00 01 5f 90" // RTP timestamp 90000
                + " 00 00 00 0a 00 00 10 00" // 10 packets, 4096 octets
                + " 81 ca 00 04" // SDES, one chunk
                + " 12 34 56 78 01 06 61 72 63 6c 79 31 00 00 00 00"); // CNAME "arcly1", end, pad
    List<RtcpPacket> ps = parse(b);
    assertThat(ps)
        .containsExactly(
            new SenderReport(0x12345678L, 0xE91F2A0080000000L, 90000, 10, 4096, List.of()),
            new SourceDescription(List.of(new SourceDescription.Chunk(0x12345678L, "arcly1"))));
    assertThat(Rtcp.encode(ps)).isEqualTo(b);
  }

  @Test
  void receiverReportByeAndAppSkipped() {
    ReportBlock block = new ReportBlock(7, 25, -3, 70_000, 120, 0x2A008000L, 65536);
    List<RtcpPacket> ps =
        List.of(new ReceiverReport(9, List.of(block)), new Goodbye(List.of(7L), "done"));
    byte[] b = Rtcp.encode(ps);
    assertThat(parse(b)).isEqualTo(ps);
    byte[] app = hex("80 cc 00 02 00 00 00 09 61 62 63 64");
    byte[] both = new byte[app.length + b.length];
    System.arraycopy(app, 0, both, 0, app.length);
    System.arraycopy(b, 0, both, app.length, b.length);
    assertThat(parse(both)).isEqualTo(ps);
  }

  @Test
  void genericNackAsRfc4585Packs() {
    // PID 100 and a bitmask for 101 and 116: RFC 4585 6.2.1
    byte[] b = hex("81 cd 00 03 00 00 00 01 00 00 00 02 00 64 80 01");
    Nack nack = (Nack) parse(b).get(0);
    assertThat(nack.lost()).containsExactly(100, 101, 116);
    assertThat(Rtcp.encode(List.of(nack))).isEqualTo(b);
  }

  @Test
  void nackEntriesOutOfOrderAreWrittenBackInTheirOrder() {
    // found by RtcpFuzzTest: a later FCI entry whose PID falls within an earlier entry's bitmask
    Nack nack = new Nack(9, 16777216, List.of(4, 17, 5, 14, 21, 0, 0, 2, 768));
    byte[] b = Rtcp.encode(List.of(nack));
    assertThat(parse(b)).containsExactly(nack);
  }

  @Test
  void pliAndFir() {
    List<RtcpPacket> ps =
        List.of(
            new PictureLossIndication(1, 2),
            new FullIntraRequest(1, List.of(new FullIntraRequest.FirEntry(2, 5))));
    byte[] b = Rtcp.encode(ps);
    assertThat(b[0] & 0x1F).isEqualTo(1);
    assertThat(b[12] & 0x1F).isEqualTo(4);
    assertThat(parse(b)).isEqualTo(ps);
  }

  @Test
  void malformedCompoundPacketsAreTypedErrors() {
    assertThatThrownBy(() -> parse(hex("80 c8 00 06 00 00")))
        .isInstanceOf(RtpException.class)
        .hasMessage("rtcp length overruns packet");
    assertThatThrownBy(() -> parse(hex("40 c8 00 00")))
        .isInstanceOf(RtpException.class)
        .hasMessage("rtcp version is not 2");
    assertThatThrownBy(() -> parse(hex("81 c9 00 01 00 00 00 01")))
        .isInstanceOf(RtpException.class)
        .hasMessage("rtcp report blocks truncated");
  }
}
