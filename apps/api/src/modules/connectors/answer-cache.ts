/**
 * Answers derived only from one configuration generation's server context (effective permissions of a connector
 * version, the connector selection of a simulated connection), kept beside that context: when the generation
 * moves, the context cache drops the context and these answers go with it (WeakMap), so nothing is ever served
 * from a superseded configuration. Bounded per context: past `limit` keys the oldest half is dropped.
 */
export interface AnswerCache<T> {
  get(context: object, key: string, compute: () => T): T;
}

export function createAnswerCache<T>(limit: number): AnswerCache<T> {
  const byContext = new WeakMap<object, Map<string, T>>();
  return {
    get(context, key, compute) {
      let answers = byContext.get(context);
      if (answers === undefined) {
        answers = new Map();
        byContext.set(context, answers);
      }
      const known = answers.get(key);
      if (known !== undefined) return known;
      const answer = compute();
      if (answers.size >= limit) {
        // Maps iterate in insertion order: the first keys are the oldest.
        let drop = answers.size >> 1;
        for (const old of answers.keys()) {
          if (drop-- <= 0) break;
          answers.delete(old);
        }
      }
      answers.set(key, answer);
      return answer;
    },
  };
}
