export interface Run {
  retrieved: string[];
  relevant: string[];
}

// Another style: plain loops and early returns, no Sets.
export function recallAtK(retrieved: string[], relevant: string[], k: number): number {
  const distinct = relevant.filter((id, i) => relevant.indexOf(id) === i);
  if (distinct.length === 0 || !(k > 0)) return 0;
  let found = 0;
  for (const id of distinct) {
    const at = retrieved.indexOf(id);
    if (at !== -1 && at < k) found++;
  }
  return found / distinct.length;
}

export function mrr(runs: Run[]): number {
  let total = 0;
  for (const { retrieved, relevant } of runs) {
    for (let rank = 1; rank <= retrieved.length; rank++) {
      if (relevant.includes(retrieved[rank - 1])) {
        total += 1 / rank;
        break;
      }
    }
  }
  return runs.length > 0 ? total / runs.length : 0;
}

export function ndcgAtK(retrieved: string[], relevance: Record<string, number>, k: number): number {
  let actual = 0;
  for (let i = 0; i < Math.min(k, retrieved.length); i++) actual += (relevance[retrieved[i]] ?? 0) / Math.log2(i + 2);
  const grades = Object.values(relevance).sort((a, b) => b - a);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, grades.length); i++) ideal += grades[i] / Math.log2(i + 2);
  return ideal > 0 ? actual / ideal : 0;
}
