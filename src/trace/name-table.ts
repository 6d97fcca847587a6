/**
 * The names of one trace (its nodes, and its message types), numbered from 0 in the order they are
 * first read. Both read paths number names here, so a consumer can index arrays by a name's number
 * instead of hashing the name.
 */
export class NameTable {
  /** The names, by number. */
  readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();

  /** The number of `name`, given on first sight. */
  number(name: string): number {
    let number = this.numbers.get(name);
    if (number === undefined) {
      number = this.names.length;
      this.names.push(name);
      this.numbers.set(name, number);
    }
    return number;
  }
}
