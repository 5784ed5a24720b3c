/**
 * The server's settings as one validated, immutable value, read from any key-value source (the
 * container glue passes MicroProfile Config). Plain Java, so every rule is unit-tested.
 */
package io.arcly.stream.config;
