package org.ipaward.batch.claims;

/**
 * The claims reader's row parser for cells that arrive one row at a time (a Spark task's rows), so the Spark
 * job reads claims exactly as {@code ClaimsFile} does. It lives in the reader's package because the parser
 * is package-private in module batch; when batch exposes a public row parser this bridge goes. Not
 * thread-safe: one per task.
 */
public final class ClaimCells {
    private final RowParser parser;

    /** @throws org.ipaward.engine.InputException when the header lacks a required column or names an unknown one */
    public ClaimCells(String file, String[] header) {
        this.parser = new RowParser(file, header);
    }

    /** One data row; {@code row} is its number for messages (0: not known). */
    public ClaimRow parse(int row, String[] cells) {
        return parser.parse(row, cells);
    }
}
