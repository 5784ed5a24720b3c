/** Tests of the load generator in {@code bench/} against real peers. */
package io.arcly.stream.bench;
