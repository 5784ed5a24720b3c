package io.arcly.stream.protocol.rtmp.session;

import io.arcly.stream.kernel.spi.Credentials;
import io.arcly.stream.media.StreamKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A publish or play request resolved to a stream key and credentials: the key from the connect
 * {@code app} and the stream name, the credentials from the query strings of both ({@code
 * rtmp://host/live/cam?token=t} sends stream name {@code cam?token=t}; some clients put the query
 * on the application, {@code live?token=t}). The stream name's parameters win.
 *
 * @param key the stream key
 * @param credentials the query parameters
 */
record StreamRequest(StreamKey key, Credentials credentials) {
  /**
   * Resolves {@code app} and {@code name}.
   *
   * @throws io.arcly.stream.media.InvalidStreamKeyException when a name is not valid
   */
  static StreamRequest of(String app, String appQuery, String name) {
    String stream = name;
    String query = "";
    int q = name.indexOf('?');
    if (q >= 0) {
      stream = name.substring(0, q);
      query = name.substring(q + 1);
    }
    Map<String, String> params = new LinkedHashMap<>(Credentials.parseQuery(query).query());
    Credentials.parseQuery(appQuery).query().forEach(params::putIfAbsent);
    return new StreamRequest(new StreamKey(app, stream), Credentials.ofQuery(params));
  }
}
