package io.arcly.stream.config;

/** A setting has a value the server cannot use; the message names the key, the value and why. */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String key, String value, String why) {
    super(key + ": " + why + ", got \"" + value + "\"");
  }

  public ConfigException(String key, String why) {
    super(key + ": " + why);
  }
}
