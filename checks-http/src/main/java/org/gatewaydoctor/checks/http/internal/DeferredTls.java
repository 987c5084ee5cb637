package org.gatewaydoctor.checks.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The JVM's default TLS socket factory, created on first use. {@link SSLSocketFactory#getDefault()} loads the
 * trust store and some 250 classes (0.35-0.4 CPU-seconds on a 2-core machine); a check built by the
 * {@link java.util.ServiceLoader} for {@code checks}, {@code scan} or a {@code diagnose} of logs alone never
 * opens a TLS connection and should not pay for it.
 */
public final class DeferredTls extends SSLSocketFactory {

    private volatile SSLSocketFactory factory;

    private SSLSocketFactory factory() {
        SSLSocketFactory f = factory;
        if (f == null) {
            f = (SSLSocketFactory) SSLSocketFactory.getDefault();
            factory = f;
        }
        return f;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return factory().getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return factory().getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return factory().createSocket(s, host, port, autoClose);
    }

    @Override
    public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
        return factory().createSocket(s, consumed, autoClose);
    }

    @Override
    public Socket createSocket() throws IOException {
        return factory().createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return factory().createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return factory().createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return factory().createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return factory().createSocket(address, port, localAddress, localPort);
    }
}
