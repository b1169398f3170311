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

    public int offset() {
        return page * size;
    }
}
