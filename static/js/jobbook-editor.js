/* The Job Book editor is swapped whole after each change (htmx); put the keyboard focus back where the
   user was, named by the editor's data-focus.  Only once per swap: an inline form opened afterwards
   keeps its own autofocus.  A move button that is now disabled (top or bottom of the list) hands the
   focus to its twin. */
document.body.addEventListener("htmx:afterSettle", function () {
  var editor = document.getElementById("editor");
  var id = editor && editor.dataset.focus;
  if (id) { delete editor.dataset.focus; }
  var target = id && document.getElementById(id);
  if (target && !target.disabled) {
    target.focus();
  } else if (target) {
    var twin = document.getElementById(id.replace(/-(up|down)$/, function (match, direction) {
      return direction === "up" ? "-down" : "-up";
    }));
    if (twin) twin.focus();
  }
});
