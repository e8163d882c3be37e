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

  /** The logical id of the one resource of this type whose properties match, described as `what`; fails if there is none or several. */
  def theOneWhere(resourceType: String, what: String)(matches: JsonNode => Boolean): String = {
    val ids = all(resourceType).filter(id => matches(properties(id)))
    require(ids.size == 1, s"expected one $resourceType $what, found ${ids.mkString(", ")}")
    ids.head
  }

  /** The logical ids of every resource of this type, sorted. */
  def all(resourceType: String): Seq[String] =
    resources.collect { case (id, r) if r.path("Type").asText == resourceType => id }.toSeq.sorted

  def properties(logicalId: String): JsonNode = resources(logicalId).path("Properties")

  /**
   * What differs from: the function's failed invocations retried `retries` times (as `expr` gives it: `2`, or
   * `Ref:<parameter>`), then sent to the queue, the on-failure destination of `invocations` (the function's
   * EventInvokeConfig for asynchronous events, or an EventSourceMapping); empty when nothing does.
   */
  def retryThenDeadLetterProblems(invocations: String, function: String, queue: String, retries: String = "2"): Seq[String] = {
    val p = properties(invocations)
    Seq(
      Option(StackTemplate.expr(p.path("FunctionName"))).filter(_ != s"Ref:$function").map(f => s"FunctionName $f"),
      Option(StackTemplate.expr(p.path("MaximumRetryAttempts"))).filter(_ != retries).map(n => s"MaximumRetryAttempts $n"),
      Option(StackTemplate.expr(p.path("DestinationConfig").path("OnFailure").path("Destination")))
        .filter(_ != s"GetAtt:$queue.Arn").map(d => s"OnFailure $d")).flatten
  }

  /** The names a `Ref`, `Fn::GetAtt` or `${...}` of `Fn::Sub` uses that are no parameter, resource or pseudo parameter. */
  def unknownNames: Set[String] = {
    val known = json.path("Parameters").fieldNames.asScala.toSet ++ resources.keySet ++
      Set("AWS::AccountId", "AWS::Partition", "AWS::Region", "AWS::StackName", "AWS::NoValue")
    StackTemplate.names(json) -- known
  }

  /** A copy to change, for tests that the checks catch a change. */
  def copy(): StackTemplate = new StackTemplate(json.deepCopy[ObjectNode]())

  /** The names of the template's conditions. */
  def conditions: Set[String] = json.path("Conditions").fieldNames.asScala.toSet

  /**
   * The template as CloudFormation deploys it when each condition has the given value: every `Fn::If` replaced by
   * its branch, `AWS::NoValue` left out, resources whose `Condition` is false removed. Every condition of the
   * template must be given, so that a new one cannot go untested.
   */
  def withConditions(values: Map[String, Boolean]): StackTemplate = {
    require(values.keySet == conditions, s"give every condition: ${conditions.mkString(", ")}; given ${values.keySet.mkString(", ")}")
    val resolved = StackTemplate.resolve(json, values).getOrElse(json).asInstanceOf[ObjectNode]
    val resourcesNode = resolved.path("Resources").asInstanceOf[ObjectNode]
    resourcesNode.fieldNames.asScala.toList.foreach { id =>
      val condition = resourcesNode.get(id).path("Condition")
      if (!condition.isMissingNode && !values(condition.asText)) resourcesNode.remove(id)
    }
    new StackTemplate(resolved)
  }
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

  private val mapper = new com.fasterxml.jackson.databind.ObjectMapper()

  /** The node with its `Fn::If`s decided; None for `{"Ref": "AWS::NoValue"}`, which leaves its place out. */
  private def resolve(node: JsonNode, values: Map[String, Boolean]): Option[JsonNode] =
    if (node.isObject && node.size == 1 && node.has("Fn::If")) {
      val branches = node.get("Fn::If")
      val condition = branches.get(0).asText
      require(values.contains(condition), s"Fn::If names the unknown condition $condition")
      resolve(branches.get(if (values(condition)) 1 else 2), values)
    } else if (node.isObject && node.size == 1 && node.path("Ref").asText == "AWS::NoValue") {
      None
    } else if (node.isObject) {
      val copy = mapper.createObjectNode()
      node.fields.asScala.foreach(e => resolve(e.getValue, values).foreach(v => copy.set[JsonNode](e.getKey, v)))
      Some(copy)
    } else if (node.isArray) {
      val copy = mapper.createArrayNode()
      node.elements.asScala.foreach(e => resolve(e, values).foreach(v => copy.add(v)))
      Some(copy)
    } else Some(node)

  /** Every name a `Ref`, `Fn::GetAtt` or `${...}` of `Fn::Sub` uses in the node. */
  def names(node: JsonNode): Set[String] =
    if (node.isObject) {
      node.fields.asScala.flatMap { e =>
        e.getKey match {
          case "Ref" => Set(e.getValue.asText)
          case "Fn::GetAtt" => Set(e.getValue.get(0).asText)
          case "Fn::Sub" if e.getValue.isTextual => "\\$\\{([^}]+)}".r.findAllMatchIn(e.getValue.asText).map(_.group(1)).toSet
          case _ => names(e.getValue)
        }
      }.toSet
    } else if (node.isArray) node.elements.asScala.flatMap(names).toSet
    else Set.empty

  /** A value that may be one item or a list of them, as IAM's Action and Resource. */
  def items(node: JsonNode): Seq[JsonNode] =
    if (node.isMissingNode || node.isNull) Nil else if (node.isArray) node.elements.asScala.toSeq else Seq(node)
}
