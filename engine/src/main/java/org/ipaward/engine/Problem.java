package org.ipaward.engine;

/**
 * One thing wrong with a policy file or an input: where (file, line, measure or claim, field), which
 * rule (a stable English key), and what, in Chinese and English.
 */
public record Problem(String file, int line, String where, String field, String key, String zh, String en) {

    /** One line: {@code file:line: [measure] field: 中文 (english) [key]}. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        }
        if (where != null) {
            sb.append('[').append(where).append("] ");
        }
        if (field != null) {
            sb.append(field).append(": ");
        }
        sb.append(zh);
        if (en != null && !en.isEmpty()) {
            sb.append(" (").append(en).append(')');
        }
        sb.append(" [").append(key).append(']');
        return sb.toString();
    }
}
