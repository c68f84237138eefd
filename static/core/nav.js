// The main navigation's menus: one open at a time; a click elsewhere or Escape closes them.
document.addEventListener("DOMContentLoaded", () => {
  const menus = [...document.querySelectorAll("nav ul.nav details")];
  menus.forEach((d) => d.addEventListener("toggle", () => {
    if (d.open) menus.forEach((o) => { if (o !== d) o.open = false; });
  }));
  document.addEventListener("click", (e) => {
    menus.forEach((d) => { if (d.open && !d.contains(e.target)) d.open = false; });
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") menus.forEach((d) => { d.open = false; });
  });
});
