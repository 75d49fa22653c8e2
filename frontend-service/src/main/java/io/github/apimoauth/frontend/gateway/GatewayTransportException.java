package io.github.apimoauth.frontend.gateway;

/** No HTTP answer came from the gateway: it could not be reached, or it did not answer within the read timeout. */
public class GatewayTransportException extends RuntimeException {

    /** Why no answer came. */
    public enum Kind {
        UNREACHABLE, TIMEOUT
    }

    private final Kind kind;

    GatewayTransportException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
