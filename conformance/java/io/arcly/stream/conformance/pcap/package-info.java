/**
 * Reader of packet captures (libpcap and pcapng) that reassembles TCP streams and keeps UDP
 * datagrams, for replaying captured client sessions against the protocol servers.
 */
package io.arcly.stream.conformance.pcap;
