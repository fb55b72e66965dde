package dev.fortel.audit.syslog;

/** How messages reach a receiver. */
public enum Transport {
    /** RFC 5426: one message per datagram; nothing confirms receipt. */
    UDP(514),
    /** RFC 6587: octet-counted framing over TCP, in the clear. */
    TCP(514),
    /** RFC 5425: octet-counted framing over TLS, the receiver's certificate verified. */
    TLS(6514);

    private final int defaultPort;

    Transport(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    public int defaultPort() {
        return defaultPort;
    }
}
