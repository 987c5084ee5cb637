package org.gatewaydoctor.facts;

import java.util.List;

/**
 * The value of {@link Facts#DOCUMENT_ROOTS}: every document root the web servers' configuration names.
 *
 * @param roots in configuration order, nginx first, then Apache
 */
public record DocumentRoots(List<DocumentRoot> roots) {
    public DocumentRoots {
        roots = List.copyOf(roots);
    }
}
