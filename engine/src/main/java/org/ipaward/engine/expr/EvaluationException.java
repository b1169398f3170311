package org.ipaward.engine.expr;

/** An expression that cannot be evaluated on the values given, such as a division by zero. */
public final class EvaluationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public EvaluationException(String key, String message) {
        super(message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
