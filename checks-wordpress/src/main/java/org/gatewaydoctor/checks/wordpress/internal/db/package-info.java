/**
 * Talking to MariaDB/MySQL where {@code DB_HOST} points: {@code DB_HOST} as WordPress parses it, the server's first
 * packet read without credentials, and a read-only session through MariaDB Connector/J. Not API.
 */
package org.gatewaydoctor.checks.wordpress.internal.db;
