// PLACEHOLDER: the real page replaces this before it lands.
export function RulesPage() {
  return <div>Rules</div>;
}
