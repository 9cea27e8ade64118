/**
 * Stowage's commands as Apache Karaf actions, one class per command, each calling the same
 * method the Gogo shell calls. Karaf finds them through the bundle's {@code Karaf-Commands}
 * header; with them Karaf's own conventions work: {@code help image} lists the scope,
 * {@code <command> --help} prints Karaf's usage, Tab completes options and stored image names.
 * Their descriptions and options are those of the Gogo methods, which {@code KarafActionsTest}
 * holds them to. In any other framework these classes are never loaded.
 */
package io.stowage.commands.karaf;
