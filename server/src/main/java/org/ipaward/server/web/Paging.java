package org.ipaward.server.web;

import org.ipaward.server.error.ApiException;

/** A requested page, checked: page ≥ 0, size 1–200 (default 20). */
public record Paging(int page, int size) {
    public static final int MAX_SIZE = 200;

    public static Paging of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? 20 : size;
        if (p < 0) {
            throw ApiException.invalid("page", p, "page.invalid", "页码不能小于 0", "page must be 0 or more");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw ApiException.invalid(
                    "size", s, "size.invalid", "每页条数须在 1 到 " + MAX_SIZE + " 之间", "size must be 1 to " + MAX_SIZE);
        }
        return new Paging(p, s);
    }

    /**
     * A page number as typed in an address ({@code null} when absent or blank): a whole number, else refused
     * naming the parameter and the value — never read as another number (a value past the int range is not
     * wrapped round).
     */
    public static Integer number(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(
                    field, value, "input.type", "页码须为 0 或更大的整数", "the page must be a whole number, 0 or more");
        }
    }

    /** The first row's offset; a long, so a very large page number is an empty page, not an overflow. */
    public long offset() {
        return (long) page * size;
    }
}
