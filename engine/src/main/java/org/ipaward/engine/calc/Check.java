package org.ipaward.engine.calc;

import org.ipaward.engine.model.Text;

/** One condition or cap checked for a claim: its id, what it requires, where the text says so, the outcome. */
public record Check(String id, Text text, String clause, Outcome outcome, String detail) {
    public enum Outcome {
        PASS,
        FAIL,
        UNKNOWN
    }
}
