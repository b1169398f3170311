package org.ipaward.server.config;

/**
 * The text of an insert of several rows in one statement: {@code <head> values (?, …), (?, …)}, one group of
 * placeholders per row. PostgreSQL inserts (and returns, with {@code returning}) the rows of a multi-row
 * {@code VALUES} in the order given.
 */
public final class InsertRows {
    private InsertRows() {}

    /**
     * {@code head} (say {@code insert into material (application_id, kind)}) followed by {@code rows} groups of
     * {@code columns} placeholders; at least one row.
     */
    public static String sql(String head, int columns, int rows) {
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("an insert needs at least one row and one column");
        }
        String group = "(?" + ", ?".repeat(columns - 1) + ")";
        StringBuilder sql = new StringBuilder(head.length() + 8 + rows * (group.length() + 2));
        sql.append(head).append(" values ").append(group);
        for (int i = 1; i < rows; i++) {
            sql.append(", ").append(group);
        }
        return sql.toString();
    }
}
