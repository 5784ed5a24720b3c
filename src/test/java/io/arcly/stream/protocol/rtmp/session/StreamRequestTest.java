package io.arcly.stream.protocol.rtmp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.arcly.stream.media.InvalidStreamKeyException;
import io.arcly.stream.media.StreamKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamRequestTest {
  /** What the API and HLS do with the (decoded) path parameters of the same key. */
  static Throwable viaHttp(String app, String stream) {
    return catchThrowable(() -> new StreamKey(app, stream));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b#c", "caméra", "cam%201", "x\ny", "a/b", ".."})
  void aNameRefusedOverHttpIsRefusedOverRtmpWithTheSameMessage(String name) {
    Throwable http = viaHttp("live", name);
    assertThat(http).isInstanceOf(InvalidStreamKeyException.class);
    assertThatThrownBy(() -> StreamRequest.of("live", "", name + "?token=t"))
        .isInstanceOf(InvalidStreamKeyException.class)
        .hasMessage(http.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"cam", "Cam-1_hd.v2~b:main", "..x", "live_123456_abcDEF"})
  void aNameAcceptedOverRtmpIsAcceptedOverHttp(String name) {
    StreamRequest r = StreamRequest.of("live", "token=a", name + "?token=b");
    assertThat(viaHttp("live", name)).isNull();
    assertThat(r.key()).isEqualTo(new StreamKey("live", name));
    assertThat(r.credentials().param("token")).contains("b");
  }
}
