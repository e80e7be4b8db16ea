/**
 * Discord REST types as records, one per file, read and written with {@link dev.dos.discord.api.Json}.
 * Only the fields the product uses are declared; unknown fields are ignored. Ids are strings, as
 * Discord sends them.
 */
package dev.dos.discord.api;
