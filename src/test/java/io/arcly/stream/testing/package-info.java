/** Helpers shared by unit tests: running ffmpeg, reading FLV files made by it. */
package io.arcly.stream.testing;
