package io.arcly.stream.kernel.spi;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends the audit trail to a file, one JSON object per line:
 *
 * <pre>{"at":"2026-11-21T10:00:00Z","action":"publish_start","stream":"live/cam","protocol":"rtmp",
 * "remote":"127.0.0.1:50312","client":"FMLE/3.0","detail":""}</pre>
 *
 * <p>Each line is flushed as it is written so that a crash loses nothing already recorded. A write
 * failure is logged once and the entry dropped; the server goes on.
 */
public final class FileAuditSink implements AuditSink {
  private static final System.Logger LOG = System.getLogger(FileAuditSink.class.getName());

  private final Path file;
  private final BufferedWriter out;
  private boolean failed;

  /** Opens (creating parent folders and the file when missing) {@code file} for appending. */
  public FileAuditSink(Path file) {
    this.file = file;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      this.out =
          Files.newBufferedWriter(
              file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open audit file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The file written. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized void record(AuditRecord r) {
    StringBuilder line = new StringBuilder(192);
    line.append('{');
    field(line, "at", r.at().toString()).append(',');
    field(line, "action", r.action().label()).append(',');
    field(line, "stream", r.key().toString()).append(',');
    field(line, "protocol", r.client().protocol()).append(',');
    field(line, "remote", r.client().remoteAddress()).append(',');
    field(line, "client", r.client().clientName()).append(',');
    field(line, "detail", r.detail()).append('}');
    try {
      out.write(line.toString());
      out.newLine();
      out.flush();
      failed = false;
    } catch (IOException e) {
      if (!failed) {
        LOG.log(
            System.Logger.Level.WARNING, "audit file " + file + " not writable: " + e.getMessage());
        failed = true;
      }
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "closing audit file " + file + ": " + e.getMessage());
    }
  }

  private static StringBuilder field(StringBuilder b, String name, String value) {
    b.append('"').append(name).append("\":\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"');
  }
}
