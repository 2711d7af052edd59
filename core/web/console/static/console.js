// The region picker: a region chosen in the tree fills the path field it was opened for.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-pick]");
  if (!button) return;
  const field = document.getElementById(button.dataset.for);
  if (field) { field.value = button.dataset.pick; field.focus(); }
  const details = button.closest("details");
  if (details) details.open = false;
});
