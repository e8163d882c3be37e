package io.dmsdelta.glue

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.node.ObjectNode

import scala.collection.JavaConverters._

/** Reading a CloudFormation template (JSON): its resources, and references between them as plain text. */
final class StackTemplate(val json: JsonNode) {

  def resources: Map[String, JsonNode] = json.path("Resources").fields.asScala.map(e => e.getKey -> e.getValue).toMap

  /** The logical id of the one resource of this type; fails if there is none or several. */
  def theOne(resourceType: String): String = {
    val ids = resources.collect { case (id, r) if r.path("Type").asText == resourceType => id }.toSeq
    require(ids.size == 1, s"expected one $resourceType, found ${ids.mkString(", ")}")
    ids.head
  }

  /** The logical ids of every resource of this type, sorted. */
  def all(resourceType: String): Seq[String] =
    resources.collect { case (id, r) if r.path("Type").asText == resourceType => id }.toSeq.sorted

  def properties(logicalId: String): JsonNode = resources(logicalId).path("Properties")

  /** A copy to change, for tests that the checks catch a change. */
  def copy(): StackTemplate = new StackTemplate(json.deepCopy[ObjectNode]())
}

object StackTemplate {

  def load(relative: String): StackTemplate = new StackTemplate(RepoFiles.json(relative))

  /**
   * A value as comparable text: a literal as is, `Ref:X`, `GetAtt:X.Attribute`, or a `Fn::Sub` string as
   * written (so `${X}` stays visible); anything else as its JSON.
   */
  def expr(node: JsonNode): String =
    if (node.isTextual) node.asText
    else if (node.has("Ref")) "Ref:" + node.get("Ref").asText
    else if (node.has("Fn::GetAtt")) "GetAtt:" + node.get("Fn::GetAtt").elements.asScala.map(_.asText).mkString(".")
    else if (node.has("Fn::Sub") && node.get("Fn::Sub").isTextual) node.get("Fn::Sub").asText
    else node.toString

  /** A value that may be one item or a list of them, as IAM's Action and Resource. */
  def items(node: JsonNode): Seq[JsonNode] =
    if (node.isMissingNode || node.isNull) Nil else if (node.isArray) node.elements.asScala.toSeq else Seq(node)
}
