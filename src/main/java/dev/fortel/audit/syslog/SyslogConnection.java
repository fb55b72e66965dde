package dev.fortel.audit.syslog;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One open connection to a receiver. Stream transports frame each message as {@code LENGTH SP MESSAGE} (octet
 * counting, RFC 6587 section 3.4.1 and RFC 5425 section 4.3) and are confirmed by a graceful close; UDP sends one
 * datagram per message and cannot be confirmed.
 */
abstract sealed class SyslogConnection implements Closeable {

    /** The largest message a datagram carries (IPv4's 65,507 minus room); longer ones are cut (RFC 5426 section 3.2). */
    static final int MAX_DATAGRAM = 65_000;

    abstract void send(byte[] message) throws IOException;

    /**
     * Ends the connection so that everything sent is known to have been read: returns normally only then, and throws
     * otherwise (the caller resends from its last confirmed point).
     */
    abstract void confirm() throws IOException;

    /** Whether {@link #confirm()} proves anything: false for UDP. */
    abstract boolean confirmable();

    static final class Stream extends SyslogConnection {

        private final Socket socket;
        private final OutputStream out;
        private final int confirmTimeoutMillis;

        Stream(Socket socket, int confirmTimeoutMillis) throws IOException {
            this.socket = socket;
            this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            this.confirmTimeoutMillis = confirmTimeoutMillis;
        }

        @Override
        void send(byte[] message) throws IOException {
            out.write(Integer.toString(message.length).getBytes(StandardCharsets.US_ASCII));
            out.write(' ');
            out.write(message);
        }

        @Override
        void confirm() throws IOException {
            try {
                out.flush();
                // TLS: shutdownOutput sends close_notify (a half-close, which JSSE allows); TCP: it sends FIN. The
                // receiver then reads to the end and closes its side; our read of the end proves it read everything.
                socket.shutdownOutput();
                socket.setSoTimeout(confirmTimeoutMillis);
                InputStream in = socket.getInputStream();
                byte[] sink = new byte[512];
                while (in.read(sink) >= 0) {
                    // Receivers send nothing; whatever arrives is read past until the end.
                }
            } catch (SocketTimeoutException e) {
                throw new IOException("the receiver did not close the connection within " + confirmTimeoutMillis
                        + " ms after we finished, so receipt is not confirmed", e);
            } finally {
                close();
            }
        }

        @Override
        boolean confirmable() {
            return true;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static final class Datagram extends SyslogConnection {

        private final DatagramSocket socket;

        Datagram(InetSocketAddress to) throws IOException {
            this.socket = new DatagramSocket();
            this.socket.connect(to);
        }

        @Override
        void send(byte[] message) throws IOException {
            int n = Math.min(message.length, MAX_DATAGRAM);
            socket.send(new DatagramPacket(message, n));
        }

        @Override
        void confirm() {
            socket.close();
        }

        @Override
        boolean confirmable() {
            return false;
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
