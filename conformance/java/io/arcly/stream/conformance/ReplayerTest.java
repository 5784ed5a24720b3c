package io.arcly.stream.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.protocol.rtmp.wire.Handshake;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplayerTest {
  @Test
  void theReplayedC2EchoesThisServersS1NotTheCapturedOne() throws Exception {
    Random r = new Random(5);
    byte[] client = new byte[1 + 2 * Handshake.SIZE + 100]; // C0, C1, C2 (captured echo), chunks
    r.nextBytes(client);
    byte[] server = new byte[1 + 2 * Handshake.SIZE]; // S0, S1, S2 of this server
    r.nextBytes(server);
    RtmpAnswers answers = new RtmpAnswers();
    answers.feed(server, 0, server.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // The client's stream in the capture's chunks: C0+C1 and part of C2, then the rest.
    long at = Replayer.send(out, Arrays.copyOfRange(client, 0, 2000), 0, answers);
    at = Replayer.send(out, Arrays.copyOfRange(client, 2000, client.length), at, answers);
    byte[] sent = out.toByteArray();
    assertThat(at).isEqualTo(client.length);
    assertThat(Arrays.copyOfRange(sent, 0, 1 + Handshake.SIZE))
        .as("C0 and C1 as captured")
        .isEqualTo(Arrays.copyOfRange(client, 0, 1 + Handshake.SIZE));
    assertThat(Arrays.copyOfRange(sent, 1 + Handshake.SIZE, 1 + 2 * Handshake.SIZE))
        .as("C2 echoes this server's S1")
        .isEqualTo(Arrays.copyOfRange(server, 1, 1 + Handshake.SIZE));
    assertThat(Arrays.copyOfRange(sent, 1 + 2 * Handshake.SIZE, sent.length))
        .as("the chunks after the handshake as captured")
        .isEqualTo(Arrays.copyOfRange(client, 1 + 2 * Handshake.SIZE, client.length));
  }
}
