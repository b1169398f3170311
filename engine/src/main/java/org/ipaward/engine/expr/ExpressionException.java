package org.ipaward.engine.expr;

/** An expression that does not parse or does not type-check; the position is a 1-based column. */
public final class ExpressionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final int column;

    public ExpressionException(String key, int column, String message) {
        super(message);
        this.key = key;
        this.column = column;
    }

    /** A stable English key for the kind of error, such as {@code expr.unknown-name}. */
    public String key() {
        return key;
    }

    public int column() {
        return column;
    }
}
